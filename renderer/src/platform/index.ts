import { browserPlatform } from './browser'
import { electronPlatform } from './electron'
import type { Platform } from './platform'

/** Electron when the preload put its bridge on window, a browser otherwise. */
export const platform: Platform = window.dualwire ? electronPlatform(window.dualwire) : browserPlatform()

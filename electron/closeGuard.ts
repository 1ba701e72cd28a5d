// Closing a window with unsaved changes asks first. Only main can stop a close, so the guard lives here,
// fed with the dirty flag the renderer reports through setDocumentState.
import type { MenuCommand } from './bridge'

export type CloseChoice = 'save' | 'discard' | 'cancel'

export interface CloseGuardDeps {
  isDirty(): boolean
  /** Asks Save / Don't Save / Cancel. */
  ask(): Promise<CloseChoice>
  send(command: MenuCommand): void
  /** Closes the window for real; the guard lets this second close through. */
  close(): void
}

export interface CloseGuard {
  /** The window's 'close' listener. */
  onClose(event: { preventDefault(): void }): void
  /** The renderer's answer to 'save-then-close'. */
  onSaveResult(saved: boolean): void
}

export function createCloseGuard(deps: CloseGuardDeps): CloseGuard {
  let allowClose = false
  let asking = false
  // Set only while main waits for the save it asked for, so a renderer cannot close the window by
  // calling closeAfterSave(true) out of the blue.
  let awaitingSave = false

  return {
    onClose(event) {
      if (allowClose || !deps.isDirty()) return
      event.preventDefault()
      if (asking) return // one question at a time, however often the close button is clicked
      asking = true
      deps.ask().then((choice) => {
        asking = false
        if (choice === 'save') {
          awaitingSave = true
          deps.send('save-then-close')
        } else if (choice === 'discard') {
          allowClose = true
          deps.close()
        }
      }, () => {
        asking = false // a dialog that failed to show is a Cancel: the document stays open
      })
    },
    onSaveResult(saved) {
      if (!awaitingSave) return
      awaitingSave = false
      if (saved) {
        allowClose = true
        deps.close()
      }
    },
  }
}

export const CLOSE_BUTTONS = ['Save', "Don't Save", 'Cancel'] as const

/** The message box of the guard; Escape and the window's own close button answer Cancel. */
export function closeQuestion(name: string): {
  type: 'warning'; message: string; detail: string; buttons: string[]; defaultId: number; cancelId: number; noLink: true
} {
  return {
    type: 'warning',
    message: `Do you want to save the changes you made to ${name}?`,
    detail: "Your changes will be lost if you don't save them.",
    buttons: [...CLOSE_BUTTONS],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  }
}

export function closeChoice(response: number): CloseChoice {
  return response === 0 ? 'save' : response === 1 ? 'discard' : 'cancel'
}

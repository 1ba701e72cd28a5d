import { createApp } from 'vue'
import App from './App.vue'
import { CONTROLLER_KEY, createController } from './controller'
import { platform } from './platform'
import { createStores, STORES_KEY } from './state/stores'

// The page's one set of stores and the controller over them, provided to every component (useStores(),
// useController()), including the nodes and wires drawn in render roots of their own (editor/drawing.ts).
const stores = createStores(platform)
createApp(App).provide(STORES_KEY, stores).provide(CONTROLLER_KEY, createController(stores, platform)).mount('#app')

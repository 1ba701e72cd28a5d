declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

// libavoid-js's .wasm, emitted by Vite as a file of its own (vite.config.ts maps the name).
declare module 'libavoid-js/libavoid.wasm?url' {
  const url: string
  export default url
}

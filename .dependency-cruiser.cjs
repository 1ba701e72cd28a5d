// The layer rules of ../shared/DESIGN.md ("Layers and what each may import"), checked by `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core/ imports nothing outside core: no Node built-ins, no packages, no DOM-side code',
      severity: 'error',
      from: { path: '^core/' },
      to: { pathNot: '^core/' },
    },
    {
      name: 'cli-uses-core-and-node',
      comment: 'cli/ may import core and Node, never the renderer or Electron; from electron/ only files.ts, so the CLI and the app write files one way (symlinks, hard links, read-only, changes on disk)',
      severity: 'error',
      from: { path: '^cli/' },
      to: { path: '^(renderer/|electron/(?!files\\.ts$))' },
    },
    {
      name: 'files-has-no-electron',
      comment: 'electron/files.ts runs in the CLI too, under plain Node: Node built-ins and the bridge types only',
      severity: 'error',
      from: { path: '^electron/files\\.ts$' },
      to: { pathNot: '^electron/bridge\\.ts$', dependencyTypesNot: ['core'] },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'renderer/ runs sandboxed: core, Vue, Rete and browser APIs only; from electron/ only the bridge and the command table',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(cli/|electron/(?!(bridge|commands)\\.ts$))', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'electron-not-renderer',
      comment: 'electron/ (main and preload) may import Electron, Node and core, not the renderer',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^(renderer|cli)/' },
    },
    {
      name: 'electron-uses-no-packages',
      comment: 'main is bundled into one file and the preload runs sandboxed: the one package electron/ may use is electron',
      severity: 'error',
      from: { path: '^electron/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown', 'unknown'], pathNot: '^node_modules/electron/' },
    },
    {
      name: 'preload-is-self-contained',
      comment: "a sandboxed preload can require only 'electron'; bridge.ts and commands.ts are bundled into it, nothing else may be",
      severity: 'error',
      from: { path: '^electron/preload\\.ts$' },
      to: { pathNot: '^(electron/(bridge|commands)\\.ts|node_modules/electron/)' },
    },
    {
      name: 'bridge-imports-nothing',
      comment: 'the bridge and the command table are shared by main, preload and renderer, so they must load in all three: the bridge imports only the table, the table nothing',
      severity: 'error',
      from: { path: '^electron/(bridge|commands)\\.ts$' },
      to: { pathNot: '^electron/commands\\.ts$' },
    },
    {
      name: 'no-cycles',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // A git worktree's node_modules may be a link to another checkout's; followed to its real path, electron
    // would no longer be under ^node_modules/ and the rules that allow it by that path would fail.
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.mjs', '.js', '.vue'] },
  },
}

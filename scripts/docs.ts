// npm run docs: regenerates the tables in README.md generated from code: the primitive table from
// core/primitives, the key table from the command table in electron/commands.ts.
import { readFileSync, writeFileSync } from 'node:fs'
import { withKeyTable } from '../electron/commands'
import { withPrimitiveTable } from '../core/primitives/docs'

const path = new URL('../README.md', import.meta.url)
writeFileSync(path, withKeyTable(withPrimitiveTable(readFileSync(path, 'utf8'))))
console.log('README.md: primitive table and key table regenerated')

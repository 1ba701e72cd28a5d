// npm run docs: regenerates the primitive table in README.md from the table in core/primitives.
import { readFileSync, writeFileSync } from 'node:fs'
import { withPrimitiveTable } from '../core/primitives/docs'

const path = new URL('../README.md', import.meta.url)
writeFileSync(path, withPrimitiveTable(readFileSync(path, 'utf8')))
console.log('README.md: primitive table regenerated')

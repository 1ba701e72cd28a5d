// The process the kill test kills: saves two texts in turn through writeFileAtomic until it is killed.
// Usage: node --import tsx save-loop.ts <file> <bytes of text A> <bytes of text B>
import { writeFileAtomic } from '../../electron/files'
import { killTestText } from './save-loop-texts'

const [path, sizeA, sizeB] = process.argv.slice(2)
const texts = [killTestText('B', Number(sizeB)), killTestText('A', Number(sizeA))]
process.stdout.write('ready\n')
for (let i = 0; ; i++) await writeFileAtomic(path, texts[i % 2])

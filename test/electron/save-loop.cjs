// The process the kill test kills: saves two texts in turn through writeFileAtomic until it is killed.
// Usage: node --require tsx/cjs save-loop.cjs <file> <bytes of text A> <bytes of text B>
// CommonJS, so tsx compiles the TypeScript it requires in this process: its ESM loader would run in a
// worker thread of its own and double the start-up time of each of the test's sixty processes.
const { writeFileAtomic } = require('../../electron/files.ts')
const { killTestText } = require('./save-loop-texts.ts')

async function saveForever() {
  const [path, sizeA, sizeB] = process.argv.slice(2)
  const texts = [killTestText('B', Number(sizeB)), killTestText('A', Number(sizeA))]
  process.stdout.write('ready\n')
  for (let i = 0; ; i++) await writeFileAtomic(path, texts[i % 2])
}

void saveForever()

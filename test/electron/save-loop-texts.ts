/** The texts the kill test alternates: `bytes` long, all one letter but for line ends, so A and B differ everywhere. */
export function killTestText(letter: string, bytes: number): string {
  const line = `${letter.repeat(63)}\n`
  return line.repeat(Math.floor(bytes / line.length)) + letter.repeat(bytes % line.length)
}

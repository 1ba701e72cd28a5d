// The questions main asks about the user's work, as message-box options, with their answers decoded in
// one place. Escape always means the answer that changes nothing.
import type { Backup } from './backups'

export interface Question {
  type: 'warning' | 'error' | 'question'
  message: string
  detail: string
  buttons: string[]
  defaultId: number
  cancelId: number
  noLink: true
}

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
const day = (ms: number, now: number) =>
  new Date(ms).toDateString() === new Date(now).toDateString() ? time(ms) : `${new Date(ms).toLocaleDateString()} ${time(ms)}`

export type RestoreChoice = 'restore' | 'discard' | 'later'

/** At start, when earlier runs left unsaved work behind. */
export function restoreQuestion(backups: readonly Backup[], now: number): Question {
  const n = backups.length
  const list = backups.slice(0, 8).map((b) => `• ${b.name ?? b.title} (unsaved changes from ${day(b.savedAt, now)})`)
  if (n > 8) list.push(`• and ${n - 8} more`)
  return {
    type: 'warning',
    message: `DualWire closed unexpectedly. Restore ${n === 1 ? 'the diagram' : `${n} diagrams`} with unsaved changes?`,
    detail: `${list.join('\n')}\n\nEach restored diagram opens in its own window, unsaved. Discarded changes cannot be recovered; Later keeps them for the next start.`,
    buttons: ['Restore', 'Discard', 'Later'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  }
}

export const restoreChoice = (response: number): RestoreChoice => (response === 0 ? 'restore' : response === 1 ? 'discard' : 'later')

/** A window's page died (crashed, killed, out of memory). */
export function pageGoneQuestion(reason: string, keptAt: number | null): Question {
  return {
    type: 'error',
    message: `The diagram in this window stopped unexpectedly (${reason}).`,
    detail: keptAt === null
      ? 'It had no unsaved changes. Reload shows it again.'
      : `Its unsaved changes as of ${time(keptAt)} are kept. Reload opens them again, unsaved.`,
    buttons: ['Reload', 'Close Window'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  }
}

export const pageGoneChoice = (response: number): 'reload' | 'close' => (response === 1 ? 'close' : 'reload')

/** A window's page has not answered for a while. */
export function unresponsiveQuestion(keptAt: number | null): Question {
  return {
    type: 'warning',
    message: 'The diagram in this window is not responding.',
    detail: keptAt === null
      ? 'You can wait for it, or reload it (it has no unsaved changes).'
      : `You can wait for it, or reload it with its unsaved changes as of ${time(keptAt)}; changes after that would be lost.`,
    buttons: ['Wait', 'Reload'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  }
}

export const unresponsiveChoice = (response: number): 'wait' | 'reload' => (response === 1 ? 'reload' : 'wait')

/** Save found the file changed on disk since it was opened or last saved. */
export function conflictQuestion(name: string): Question {
  return {
    type: 'warning',
    message: `${name} has changed on disk since you opened or last saved it.`,
    detail: 'Another program (an editor, a sync tool, git) wrote it. Overwrite replaces its changes with yours; Save As keeps both.',
    buttons: ['Save As…', 'Overwrite', 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  }
}

export const conflictChoice = (response: number): 'save-as' | 'overwrite' | 'cancel' =>
  response === 0 ? 'save-as' : response === 1 ? 'overwrite' : 'cancel'

/** Save found the file or its folder read-only. */
export function readOnlyQuestion(name: string, what: 'file' | 'folder'): Question {
  return {
    type: 'warning',
    message: what === 'file' ? `${name} is read-only.` : `The folder of ${name} is read-only.`,
    detail: 'DualWire does not change permissions. Save a copy somewhere else?',
    buttons: ['Save As…', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  }
}

export const readOnlyChoice = (response: number): 'save-as' | 'cancel' => (response === 0 ? 'save-as' : 'cancel')

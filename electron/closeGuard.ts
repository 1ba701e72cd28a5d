// Closing a window with unsaved changes asks first. Only main can stop a close, so the guard lives here,
// fed with the dirty flag the renderer reports through setDocumentState.
import type { MenuCommand } from './bridge'

export type CloseChoice = 'save' | 'discard' | 'cancel'

export interface CloseGuardDeps {
  isDirty(): boolean
  /** Asks Save / Don't Save / Cancel. */
  ask(): Promise<CloseChoice>
  /** The page is alive and answering: it can save its own document. */
  pageAlive(): boolean
  send(command: MenuCommand): void
  /**
   * Saves the last text the page sent (main keeps it for exactly this); false when it could not, after
   * telling the user why, or when the user cancelled the save dialog.
   */
  saveKept(): Promise<boolean>
  /** The user chose Don't Save: the backup of the work goes. */
  discard(): void
  /** Closes the window for real; the guard lets this second close through. */
  close(): void
}

export interface CloseGuard {
  /** The window's 'close' listener. */
  onClose(event: { preventDefault(): void }): void
  /** The renderer's answer to 'save-then-close'. */
  onSaveResult(saved: boolean): void
  /** The page died or stopped answering: a save it was asked for will never be reported. */
  onPageLost(): void
}

export function createCloseGuard(deps: CloseGuardDeps): CloseGuard {
  let allowClose = false
  let asking = false
  // Set only while main waits for the save it asked for, so a renderer cannot close the window by
  // calling closeAfterSave(true) out of the blue.
  let awaitingSave = false

  const closeNow = () => {
    allowClose = true
    deps.close()
  }
  // A page that cannot answer never hangs the close: main saves what the page last sent it.
  const saveWithoutPage = () => {
    awaitingSave = false
    void deps.saveKept().then((saved) => saved && closeNow(), () => undefined)
  }

  return {
    onClose(event) {
      if (allowClose || !deps.isDirty()) return
      event.preventDefault()
      // One question at a time, however often the close button is clicked. A click while a save is under
      // way asks again: the way out if the page never answers.
      if (asking) return
      asking = true
      deps.ask().then((choice) => {
        asking = false
        if (choice === 'save') {
          if (!deps.pageAlive()) return saveWithoutPage()
          awaitingSave = true
          deps.send('save-then-close')
        } else if (choice === 'discard') {
          deps.discard()
          closeNow()
        }
      }, () => {
        asking = false // a dialog that failed to show is a Cancel: the document stays open
      })
    },
    onSaveResult(saved) {
      if (!awaitingSave) return
      awaitingSave = false
      if (saved) closeNow()
    },
    onPageLost() {
      if (awaitingSave) saveWithoutPage()
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

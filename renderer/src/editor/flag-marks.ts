import { onMounted, onUpdated, type Ref, watch } from 'vue'
import type { Flag } from '../state/evaluation'

/**
 * Marks an element as flagged (classes `flagged` or `flagged-derivative`, attribute `data-flag`) from outside
 * its component's render. A NaN output flags the derivatives of every block that feeds it, and one input
 * step can flag or clear all of them: done in the template, that re-rendered every block and wire on screen
 * (about 100 ms at 1,000 blocks); here it is a class toggled on each. Vue rewrites an element's class when
 * its own class binding changes, so the marks are put back after every update of the component.
 */
export function useFlagMarks(element: Ref<Element | null | undefined>, flag: Ref<Flag | null>): void {
  const mark = () => {
    const el = element.value
    if (!el) return
    const f = flag.value
    el.classList.toggle('flagged', f === 'value')
    el.classList.toggle('flagged-derivative', f === 'derivative')
    if (f) el.setAttribute('data-flag', f)
    else el.removeAttribute('data-flag')
  }
  watch(flag, mark, { flush: 'post' })
  onMounted(mark)
  onUpdated(mark)
}

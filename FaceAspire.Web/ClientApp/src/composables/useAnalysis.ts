import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { analysisApi, type Analysis } from '@/api/analysis'
import { ApiError } from '@/api/problem'

/** How long one request waits for a pending or running analysis to end (the API allows 1-20 s). */
const waitSeconds = 20

/**
 * A photo's analysis, shown at once and, while it is pending or running, asked for again with `?wait=20`: the
 * API answers that request the moment the analysis ends (or after 20 s, and it is asked again). Left alone once it
 * has succeeded or failed. `reanalyse` queues a new run and starts waiting again.
 */
export function useAnalysis(photoId: Ref<string>) {
  const analysis = ref<Analysis | null>(null)
  const error = ref('')
  let waiting: AbortController | null = null
  let generation = 0

  function stop() {
    waiting?.abort()
    waiting = null
  }

  async function poll(id: string, current: number, wait = 0) {
    waiting = new AbortController()
    try {
      const next = await analysisApi.get(id, wait, waiting.signal)
      if (current !== generation) return
      analysis.value = next
      error.value = ''
      if (next.status === 'pending' || next.status === 'running') void poll(id, current, waitSeconds)
    } catch (e) {
      if (current !== generation) return
      error.value = e instanceof ApiError ? e.message : 'The analysis could not be loaded.'
    }
  }

  function start(id: string) {
    stop()
    generation++
    analysis.value = null
    error.value = ''
    void poll(id, generation)
  }

  async function reanalyse() {
    stop()
    const current = ++generation
    try {
      const queued = await analysisApi.request(photoId.value)
      if (queued) analysis.value = queued
      await poll(photoId.value, current)
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : 'The analysis could not be requested.'
    }
  }

  watch(photoId, start, { immediate: true })
  onBeforeUnmount(() => {
    generation++
    stop()
  })

  return { analysis, error, reanalyse }
}

import { onBeforeUnmount, ref, watch, type Ref } from 'vue'
import { analysisApi, type Analysis } from '@/api/analysis'
import { ApiError } from '@/api/problem'

const pollMs = 1000

/**
 * A photo's analysis, polled about once a second while it is pending or running and left alone once it has
 * succeeded or failed. `reanalyse` queues a new run and starts polling again.
 */
export function useAnalysis(photoId: Ref<string>) {
  const analysis = ref<Analysis | null>(null)
  const error = ref('')
  let timer: ReturnType<typeof setTimeout> | null = null
  let generation = 0

  function stop() {
    if (timer) clearTimeout(timer)
    timer = null
  }

  async function poll(id: string, current: number) {
    try {
      const next = await analysisApi.get(id)
      if (current !== generation) return
      analysis.value = next
      error.value = ''
      if (next.status === 'pending' || next.status === 'running') timer = setTimeout(() => void poll(id, current), pollMs)
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

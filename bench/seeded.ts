/** What the benchmarks that send answers to the simulator share: a repeatable random and the six models they ask. */

/** A seeded random, so that a run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Six models the simulated OpenRouter serves, one of them free: a comparison's columns. */
export const SIX_MODELS: readonly string[] = ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'qwen/qwen3-coder', 'qwen/qwen3-235b-a22b-2507', 'google/gemini-2.5-pro', 'meta-llama/llama-3.3-70b-instruct:free'];

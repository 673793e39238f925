/**
 * `npm run bench:properties`: the property suite of `npm test` with many more cases — 20,000 per
 * property unless PROPERTY_RUNS says otherwise — and a new seed each run unless PROPERTY_SEED fixes
 * one. It prints each property's cases and time, and the seed to replay a failure with.
 */
import { PROPERTIES } from '../test/properties/suite';

const numRuns = Number(process.env['PROPERTY_RUNS'] ?? 20_000);
const seed = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 2 ** 31);

async function main(): Promise<void> {
  console.log(`Property suite: ${numRuns} cases a property, seed ${seed} (PROPERTY_SEED=${seed} replays it)`);
  console.log('');
  console.log('| property | result | seconds |');
  console.log('|---|---|---:|');
  let failed = 0;
  for (const { name, check } of PROPERTIES) {
    const started = performance.now();
    let result = 'held';
    try {
      await check({ seed, numRuns });
    } catch (error) {
      failed += 1;
      result = `FAILED: ${(error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ')}`;
    }
    console.log(`| ${name} | ${result} | ${((performance.now() - started) / 1000).toFixed(1)} |`);
  }
  console.log('');
  console.log(failed === 0 ? 'Every property held.' : `${failed} properties failed.`);
  process.exitCode = failed === 0 ? 0 : 1;
}

void main();

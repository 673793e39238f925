import { SIM_KEYS } from '../fixtures/simulator/server';
import { assertNoKeyWritten } from './support';

/** Last of all the suites: whatever they made the extension do, VS Code's Chat included, the keys are in no file. */
describe('after every suite', () => {
  it('the keys are in no file the workbench or the extension wrote', async () => {
    await assertNoKeyWritten([SIM_KEYS.openrouter, SIM_KEYS.bizrouter], 'Qwen: Qwen3 Coder');
  });
});

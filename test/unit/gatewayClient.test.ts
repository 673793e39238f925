import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamChat, type StreamEvent } from '../../src/gateway/core/chatStream';
import { createGatewayClient } from '../../src/gateway/core/gatewayClient';
import { BIZROUTER, OPENROUTER } from '../../src/gateway/core/gateways';
import { GatewaySimulator, SIM_KEYS } from '../fixtures/simulator/server';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function drain(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const request = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user' as const, content: 'secret prompt' }] };

describe('the gateway client', () => {
  describe('with OpenAI’s own variables in the environment', () => {
    const simulator = new GatewaySimulator();
    const names = ['OPENAI_ORG_ID', 'OPENAI_PROJECT_ID', 'OPENAI_ADMIN_KEY', 'OPENAI_WEBHOOK_SECRET'] as const;
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    before(async () => {
      await simulator.listen();
      for (const name of names) process.env[name] = `${name.toLowerCase()}-value`;
    });
    after(async () => {
      for (const name of names) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
      await simulator.close();
    });

    it('sends none of them to a gateway', async () => {
      const profile = { ...OPENROUTER, baseUrl: `${simulator.url}/openrouter/api/v1` };
      const events = await drain(streamChat(createGatewayClient(profile, { key: SIM_KEYS.openrouter }), 'openrouter', request, new AbortController().signal));
      assert.equal(events.at(-1)?.kind, 'done');
      const headers = simulator.requests.at(-1)?.headers ?? {};
      for (const name of ['openai-organization', 'openai-project']) assert.equal(headers[name], undefined, name);
      assert.doesNotMatch(JSON.stringify(headers), /openai_(org_id|project_id|admin_key|webhook_secret)-value/);
    });
  });

  describe('when a gateway redirects', () => {
    const elsewhere: IncomingHttpHeaders[] = [];
    const other = createServer((req, res) => {
      elsewhere.push(req.headers);
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"data":[]}');
    });
    let gateway: Server;
    let gatewayUrl = '';

    before(async () => {
      const otherUrl = await listen(other);
      gateway = createServer((req, res) => res.writeHead(req.url?.includes('models') ? 308 : 307, { Location: `${otherUrl}/steal${req.url ?? ''}` }).end());
      gatewayUrl = await listen(gateway);
    });
    after(() => {
      other.close();
      gateway.close();
    });

    it('does not follow it, so neither the key nor the prompt goes to the other host, and says why the answer failed', async () => {
      const profile = { ...BIZROUTER, baseUrl: `${gatewayUrl}/v1` };
      const events = await drain(streamChat(createGatewayClient(profile, { key: SIM_KEYS.bizrouter }), 'bizrouter', request, new AbortController().signal));
      const last = events.at(-1);
      assert.ok(last?.kind === 'error');
      assert.equal(last.error.reason, 'redirected');
      assert.match(last.error.message, /does not follow/);
      assert.match(last.error.message, /127\.0\.0\.1/);
      assert.deepEqual(elsewhere, [], 'nothing reached the other host');
    });

    it('fetches no model list through it either', async () => {
      const client = createGatewayClient({ ...OPENROUTER, baseUrl: `${gatewayUrl}/api/v1` }, { key: SIM_KEYS.openrouter });
      await assert.rejects(client.get('/models'));
      assert.deepEqual(elsewhere, []);
    });
  });
});

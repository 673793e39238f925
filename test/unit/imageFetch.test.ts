import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPrivateAddress } from '../../src/base/core/hosts';
import { IMAGE_LIMITS, fetchImage } from '../../src/chat/vscode/imageFetch';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('images fetched for the panel', () => {
  const internal: string[] = [];
  const intranet = createServer((req, res) => {
    internal.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
  });
  let sent = 0;
  const images = createServer((req, res) => {
    if (req.url === '/pixel.png') return void res.writeHead(200, { 'Content-Type': 'image/png' }).end(PNG);
    if (req.url === '/huge.png') {
      res.writeHead(200, { 'Content-Type': 'image/png' });
      // Far past the cap, in pieces, as a server would stream it; stops when the reader goes.
      const piece = Buffer.alloc(256 * 1024);
      const pump = (): void => {
        while (sent < 300 * 1024 * 1024 && res.write(piece)) sent += piece.length;
        if (sent < 300 * 1024 * 1024) res.once('drain', pump);
        else res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
      return;
    }
    res.writeHead(302, { Location: String(req.headers['x-next'] ?? '') }).end();
  });
  let imagesUrl = '';
  let intranetUrl = '';

  before(async () => {
    imagesUrl = await listen(images);
    intranetUrl = await listen(intranet);
  });
  after(() => {
    images.close();
    intranet.close();
  });

  it('loads an image as a data: URL', async () => {
    const { dataUrl } = await fetchImage(`${imagesUrl}/pixel.png`);
    assert.equal(dataUrl, `data:image/png;base64,${PNG.toString('base64')}`);
  });

  it('stops reading an image past the cap instead of taking it whole', async () => {
    const result = await fetchImage(`${imagesUrl}/huge.png`);
    assert.deepEqual(result, { error: 'The image is larger than 5 MB.' });
    assert.ok(sent < 100 * 1024 * 1024, `the server got to send ${Math.round(sent / 1024 / 1024)} MB`);
  });

  it('follows no redirect to this machine or a private network', async () => {
    const redirecting: typeof fetch = (input, init) => fetch(input, { ...init, headers: { 'x-next': `${intranetUrl}/admin/secret.png` } });
    const result = await fetchImage(`${imagesUrl}/moved.png`, IMAGE_LIMITS, redirecting);
    assert.match(result.error ?? '', /private network; that was not followed/);
    assert.deepEqual(internal, []);
  });

  it('knows the private ranges from the public ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) assert.ok(isPrivateAddress(address), address);
    for (const address of ['93.184.216.34', '172.32.0.1', '2606:4700::1111', '8.8.8.8']) assert.ok(!isPrivateAddress(address), address);
  });
});

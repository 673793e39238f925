import * as assert from 'node:assert/strict';
import { MAX_ATTACHMENT_CHARS, attachmentBlock, attachmentChip, attachmentTokens, folderTree, makeAttachment, makeImageAttachment, problemsText, promptContent } from '../../src/context/core/attachment';
import { imageTokens, readImage } from '../../src/context/core/imageAttachment';
import { MAX_IMAGE_BYTES } from '../../src/context/core/imageLimits';
import { requestMessages } from '../../src/compare/core/compare';
import { attachmentName } from '../../src/context/core/attachmentName';
import { decodeText, excludeGlob, gitIgnored, looksSecret } from '../../src/context/core/fileRules';
import { estimateTextTokens } from '../../src/base/core/tokenEstimate';
import { parseConversation, serializeConversation } from '../../src/conversations/core/conversationFile';
import { toMarkdown, type Conversation } from '../../src/conversations/core/conversation';
import { ChatSession, type SessionSink } from '../../src/chat/core/chatSession';
import type { StreamOpener, StreamRequest } from '../../src/request/core/requestPipeline';
import { delta, play } from '../fixtures/scriptedStream';

const file = (text: string, path = 'src/app.ts') => makeAttachment({ id: 'a1', kind: 'file', path, languageId: 'typescript', text });

describe('attachments: context sent before the prompt', () => {
  it('fences a file with its path and language, before the prompt', () => {
    const attachment = file('export const x = 1;\n');
    const content = promptContent('What does x do?', [attachment]);
    assert.equal(content, 'The file `src/app.ts`:\n\n```typescript\nexport const x = 1;\n```\n\nWhat does x do?');
    assert.equal(promptContent('alone', undefined), 'alone');
  });

  it('uses a fence longer than any backtick run in the file, so the file cannot close it', () => {
    const block = attachmentBlock(file('Use ```js fences``` in docs\n````\nfour'));
    assert.match(block, /^The file `src\/app.ts`:\n\n`````typescript\n/);
    assert.ok(block.endsWith('\n`````'));
  });

  it('trims a long file at a line end and says how many lines were left out', () => {
    const line = 'x'.repeat(99);
    const attachment = file(Array.from({ length: 2000 }, () => line).join('\n'));
    assert.equal(attachment.size, 2000 * 100 - 1);
    assert.equal(attachment.omittedLines, 2000 - MAX_ATTACHMENT_CHARS / 100);
    assert.ok(attachment.text.length <= MAX_ATTACHMENT_CHARS);
    assert.match(attachmentBlock(attachment), /\(The last 1000 lines were left out for length\.\)$/);
  });

  it('names a selection by its lines, problems and folders by what they are, and a Windows path by its file', () => {
    assert.equal(attachmentName({ kind: 'selection', path: 'src/app.ts', lines: { start: 2, end: 9 } }), 'app.ts:3-10');
    assert.equal(attachmentName({ kind: 'problems', path: 'src/app.ts' }), 'Problems in app.ts');
    assert.equal(attachmentName({ kind: 'folder', path: 'src/lib' }), 'lib/');
    assert.equal(attachmentName({ kind: 'file', path: 'C:\\work\\notes.md' }), 'notes.md');
    const selection = makeAttachment({ id: 's', kind: 'selection', path: 'src/app.ts', languageId: 'ts', text: 'a()', lines: { start: 2, end: 2 } });
    assert.match(attachmentBlock(selection), /^From `src\/app.ts`, line 3:/);
  });

  it('lists problems by line with their source and code, each on one line', () => {
    const text = problemsText([
      { line: 9, severity: 'warning', message: 'unused', source: 'eslint', code: 'no-unused-vars' },
      { line: 2, severity: 'error', message: "Cannot find name 'y'.\n  Did you mean 'x'?", source: 'ts', code: '2552' },
    ]);
    assert.equal(text, "line 3 · error · ts 2552: Cannot find name 'y'. Did you mean 'x'?\nline 10 · warning · eslint no-unused-vars: unused");
  });

  it('lists a folder as a tree, folders first, and stops at a limit saying how many more', () => {
    assert.equal(folderTree(['b.ts', 'lib/z.ts', 'a.ts', 'lib/deep/y.ts']), 'lib/\n  deep/\n    y.ts\n  z.ts\na.ts\nb.ts');
    assert.equal(folderTree(['a', 'b', 'c', 'd'], 2), 'a\nb\n… and 2 more');
  });

  it('counts an attachment’s tokens as the request carries it, and previews its first lines', () => {
    const attachment = file(Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'));
    assert.equal(attachmentTokens(attachment), estimateTextTokens(`${attachmentBlock(attachment)}\n\n`));
    const chip = attachmentChip(attachment);
    assert.equal(chip.name, 'app.ts');
    assert.equal(chip.preview.split('\n').length, 21);
    assert.ok(chip.preview.endsWith('…'));
  });
});

describe('which files may be offered and attached', () => {
  it('joins the excludes set to true, leaving out those off and those that depend on siblings', () => {
    assert.equal(excludeGlob({ '**/.git': true, '**/off': false, '**/*.js': { when: '$(basename).ts' } }, { '**/node_modules': true }), '{**/.git,**/node_modules}');
    assert.equal(excludeGlob({ '**/dist': true }, undefined), '**/dist');
    assert.equal(excludeGlob({}, {}), undefined);
  });

  it('follows .gitignore files, a deeper one re-including what a shallower left out', () => {
    const ignored = gitIgnored([
      { dir: '', text: '# build output\ndist/\n*.log\nsecret.txt\n' },
      { dir: 'pkg', text: '!keep.log\nlocal/\n' },
    ]);
    assert.equal(ignored('dist/app.js'), true);
    assert.equal(ignored('src/app.ts'), false);
    assert.equal(ignored('debug.log'), true);
    assert.equal(ignored('pkg/keep.log'), false);
    assert.equal(ignored('pkg/other.log'), true);
    assert.equal(ignored('pkg/local/x.ts'), true);
    assert.equal(ignored('local/x.ts'), false, 'a nested .gitignore says nothing about files outside its folder');
  });

  it('takes names that hold secrets for what they are, and ordinary files for ordinary', () => {
    for (const path of ['.env', 'app/.env.production', 'id_rsa', 'keys/server.pem', 'C:\\Users\\me\\.ssh\\id_ed25519', 'deploy/prod.tfvars', '.npmrc']) assert.ok(looksSecret(path), path);
    for (const path of ['src/env.ts', 'environment.md', 'keyboard.ts', 'README.md', 'docs/keys.md']) assert.ok(!looksSecret(path), path);
  });

  it('refuses bytes that are not text: a NUL byte, or invalid UTF-8', () => {
    assert.deepEqual(decodeText(new TextEncoder().encode('한국어 text, 中文')), { text: '한국어 text, 中文' });
    assert.deepEqual(decodeText(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01])), { notText: 'it is a binary file' });
    assert.deepEqual(decodeText(Uint8Array.from([0x66, 0xff, 0xfe, 0x66])), { notText: 'it is not UTF-8 text' });
  });
});

describe('attachments in a conversation', () => {
  const sink: SessionSink = { event: () => undefined, changed: () => undefined };
  const opener = (requests: StreamRequest[]): StreamOpener => (request, signal) => {
    requests.push(request);
    return play([delta('ok'), { kind: 'done', finishReason: 'stop' }], signal);
  };
  let n = 0;
  const session = (): ChatSession => new ChatSession(sink, { flushMs: 5, newId: () => `id${++n}` });

  it('sends them before the prompt, and again as sent when the answer is regenerated or the prompt edited', async () => {
    const chat = session();
    const requests: StreamRequest[] = [];
    const attachment = file('const a = 1;');
    await chat.send('Explain a', opener(requests), { attachments: [attachment] });
    const sent = requests[0]?.messages.at(-1)?.content;
    assert.equal(sent, promptContent('Explain a', [attachment]));
    await chat.regenerate(opener(requests));
    assert.equal(requests[1]?.messages.at(-1)?.content, sent);
    const prompt = chat.view.messages.find((m) => m.role === 'user');
    assert.ok(prompt);
    await chat.editAndResend(prompt.id, 'Explain a briefly', opener(requests));
    assert.equal(requests[2]?.messages.at(-1)?.content, promptContent('Explain a briefly', [attachment]));
  });

  it('sends the same context to every column of a comparison', async () => {
    const chat = session();
    const requests: StreamRequest[] = [];
    const attachment = file('const a = 1;');
    const targets = [{ gateway: 'g', gatewayLabel: 'G', model: 'm1' }, { gateway: 'g', gatewayLabel: 'G', model: 'm2' }];
    await chat.compare('Explain a', targets, { blind: false, withHistory: false, task: 'code' }, opener(requests), [attachment]);
    assert.equal(requests.length, 2);
    for (const request of requests) assert.equal(request.messages.at(-1)?.content, promptContent('Explain a', [attachment]));
  });

  it('keeps them in the saved file, reads them back, and lists them in the export', () => {
    const attachment = makeAttachment({ id: 'a1', kind: 'selection', path: 'src/app.ts', languageId: 'typescript', text: 'a()', lines: { start: 4, end: 6 }, digest: 'abc' });
    const conversation: Conversation = {
      id: 'c1', title: 'T', createdAt: '2026-12-03T00:00:00Z', updatedAt: '2026-12-03T00:00:00Z',
      messages: [{ id: 'u1', role: 'user', text: 'Why?', status: 'done', attachments: [attachment] }],
    };
    const parsed = parseConversation(serializeConversation(conversation));
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.conversation.messages[0]?.attachments, [attachment]);
    assert.match(toMarkdown(conversation), /## You\n\n- Attached: `src\/app.ts`, lines 5–7 \(selection, 3 characters\)\n\nWhy\?/);
    const broken = serializeConversation(conversation).replace('"kind": "selection"', '"kind": "image"');
    assert.deepEqual(parseConversation(broken), { ok: false, problem: 'corrupt', detail: 'message 0 has an attachment that is not valid' });
  });
});

describe('images attached to a prompt', () => {
  // A 1×1 PNG.
  const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  const bytes = Uint8Array.from(Buffer.from(PNG, 'base64'));

  it('reads an image’s type and size from its bytes, and refuses what models do not take', () => {
    assert.deepEqual(readImage(bytes), { mimeType: 'image/png', width: 1, height: 1 });
    assert.match((readImage(new TextEncoder().encode('not an image at all')) as { refused: string }).refused, /not an image|PNG, JPEG/);
    const huge = new Uint8Array(MAX_IMAGE_BYTES + 1);
    huge.set(bytes);
    assert.match((readImage(huge) as { refused: string }).refused, /over the 5 MB models take; paste it into the prompt box instead/);
  });

  it('counts an image’s tokens as OpenAI counts a detailed one', () => {
    assert.equal(imageTokens(1024, 1024), 765);
    assert.equal(imageTokens(2048, 4096), 1105);
    assert.equal(imageTokens(100, 100), 85 + 170);
  });

  it('sends an image as a content part after the prompt, named in its text, and keeps its bytes out of the saved file', () => {
    const image = makeImageAttachment('i1', 'screenshot.png', { mimeType: 'image/png', width: 1, height: 1 }, PNG, bytes.length);
    const [sent] = requestMessages([{ id: 'u1', role: 'user', text: 'What is this?', status: 'done', attachments: [image] }], undefined);
    assert.deepEqual(sent, { role: 'user', content: '(Attached image: screenshot.png)\n\nWhat is this?', images: [{ mimeType: 'image/png', base64: PNG }] });
    const conversation: Conversation = { id: 'c2', title: 'T', createdAt: '2026-12-03T00:00:00Z', updatedAt: '2026-12-03T00:00:00Z', messages: [{ id: 'u1', role: 'user', text: 'What is this?', status: 'done', attachments: [image] }] };
    const file = serializeConversation(conversation);
    assert.ok(!file.includes(PNG.slice(0, 20)), 'the bytes are not in the JSON');
    const parsed = parseConversation(file);
    assert.ok(parsed.ok);
    const { data: _bytes, ...saved } = image;
    assert.deepEqual(parsed.conversation.messages[0]?.attachments, [saved]);
    assert.equal(attachmentChip(image).thumbnail, `data:image/png;base64,${PNG}`);
    assert.equal(attachmentTokens(image), 85 + 170 + estimateTextTokens('(Attached image: screenshot.png)\n\n'));
  });
});

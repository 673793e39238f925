import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { StreamingTokenCount, estimateTextTokens } from '../../src/base/core/tokenEstimate';

/** A paragraph of what users send, per language; the bench holds the estimate to whole corpora. */
const PROMPTS: Readonly<Record<string, string>> = {
  English: 'Could you look at the retry logic in our upload service? When the network drops halfway through a large file, the client starts again from zero instead of resuming, and users on slow connections never finish. I would like a short plan first, then the code.',
  Korean: '업로드 서비스의 재시도 로직을 검토해 주실 수 있습니까? 큰 파일을 보내는 도중에 네트워크가 끊기면 클라이언트가 이어서 보내지 않고 처음부터 다시 시작해서, 느린 회선을 쓰는 사용자는 끝내 업로드를 마치지 못합니다. 먼저 간단한 계획을 설명해 주시고, 그다음에 코드를 보여 주십시오.',
  Chinese: '你能帮我看看上传服务里的重试逻辑吗？大文件传到一半网络断开时，客户端不是断点续传，而是从头开始，网速慢的用户永远传不完。请先给我一个简短的方案，然后再写代码。',
  Japanese: 'アップロードサービスの再試行ロジックを見ていただけますか。大きなファイルの送信中にネットワークが切れると、クライアントは途中から再開せずに最初からやり直すため、回線の遅いユーザーはいつまでも終わりません。まず簡単な方針を示してから、コードをお願いします。',
  French: "Pourriez-vous regarder la logique de nouvelle tentative de notre service d'envoi ? Quand le réseau coupe au milieu d'un gros fichier, le client recommence à zéro au lieu de reprendre là où il s'était arrêté, et les utilisateurs dont la connexion est lente n'arrivent jamais au bout.",
  Russian: 'Не могли бы вы посмотреть логику повторных попыток в нашем сервисе загрузки? Когда сеть обрывается посреди большого файла, клиент начинает заново, а не продолжает с места обрыва, и пользователи с медленным соединением так и не могут закончить загрузку.',
  code: 'export async function upload(file: File, signal: AbortSignal): Promise<void> {\n  let offset = 0;\n  while (offset < file.size) {\n    const chunk = file.slice(offset, offset + CHUNK_BYTES);\n    await send(chunk, { offset, signal });\n    offset += chunk.size;\n  }\n}\n',
};

describe('the token estimate', () => {
  const encoder = new Tiktoken(o200k);

  for (const [language, text] of Object.entries(PROMPTS)) {
    it(`counts a prompt in ${language} within a fifth of what o200k_base counts`, () => {
      const real = encoder.encode(text).length;
      const estimated = estimateTextTokens(text);
      assert.ok(Math.abs(estimated / real - 1) <= 0.2, `${language}: estimated ${estimated}, o200k_base ${real}`);
    });
  }

  it('counts nothing as nothing, and any word as at least a token', () => {
    assert.equal(estimateTextTokens(''), 0);
    assert.equal(estimateTextTokens('a'), 1);
    assert.equal(estimateTextTokens('й'), 1);
  });

  it('counts a streamed text as the whole, however it is cut between code points', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom(...Object.values(PROMPTS))), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cuts) => {
        const text = parts.join('');
        const points = [...text];
        const at = [...new Set(cuts.map((c) => c % (points.length + 1)))].sort((a, b) => a - b);
        const counter = new StreamingTokenCount();
        let from = 0;
        for (const to of [...at, points.length]) {
          counter.push(points.slice(from, to).join(''));
          from = to;
        }
        assert.equal(counter.tokens, estimateTextTokens(text));
      }),
      { seed: 20261202, numRuns: 300 },
    );
  });
});

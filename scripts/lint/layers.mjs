// A lint rule of the project's own: every source file under src/ belongs to a layer, so the zone
// rules in eslint.config.mjs cover it. A file outside one is reported.
import { relative, sep } from 'node:path';

const LAYERED = /^src\/(?:extension\.ts|protocol\.ts|[a-z][A-Za-z]*\/(?:core|vscode)\/.+\.ts)$/;

const inALayer = {
  meta: {
    type: 'problem',
    docs: { description: 'Every file under src/ is in src/<feature>/core, src/<feature>/vscode, or is src/extension.ts or src/protocol.ts.' },
    messages: { unlayered: '{{file}} is in no layer: move it to src/<feature>/core/ (pure) or src/<feature>/vscode/ (adapter).' },
    schema: [],
  },
  create(context) {
    const file = relative(context.cwd, context.filename).split(sep).join('/');
    return {
      Program(node) {
        if (file.startsWith('src/') && !LAYERED.test(file)) context.report({ node, messageId: 'unlayered', data: { file } });
      },
    };
  },
};

export const layers = { rules: { 'in-a-layer': inALayer } };

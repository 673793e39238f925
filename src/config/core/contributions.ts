/**
 * The ids the manifest (package.json) contributes, named once for the code. Pure, so a unit test
 * can hold the manifest and the code to the same list.
 */

export const COMMANDS = {
  openChat: 'switchboard.openChat',
  setApiKey: 'switchboard.setApiKey',
  clearApiKey: 'switchboard.clearApiKey',
  showCredits: 'switchboard.showCredits',
  compareModels: 'switchboard.compareModels',
  showLeaderboard: 'switchboard.showLeaderboard',
  explainSelection: 'switchboard.explainSelection',
  askAboutSelection: 'switchboard.askAboutSelection',
  compareSelection: 'switchboard.compareSelection',
  explainProblem: 'switchboard.explainProblem',
  acceptEdit: 'switchboard.acceptEdit',
  discardEdit: 'switchboard.discardEdit',
} as const;

export const CHAT_VIEW_TYPE = 'switchboard.chat';

export const SETTINGS_SECTION = 'switchboard';

/** Every setting under `switchboard.`, without the prefix. */
export const SETTING_KEYS = [
  'gateway',
  'model',
  'gateways',
  'baseUrls',
  'currency',
  'exchangeRate',
  'freeModelsOnly',
  'budget.currency',
  'budget.daily',
  'budget.monthly',
  'budget.perRequest',
  'budget.warnAtPercent',
  'answerLanguage',
  'explain.contextLines',
  'router.rules',
  'router.longInputTokens',
  'compare.models',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** Settings that could send a key elsewhere: in an untrusted workspace only user settings count. */
export const RESTRICTED_SETTINGS: readonly SettingKey[] = ['gateways', 'baseUrls'];

/**
 * The ids the manifest (package.json) contributes, named once for the code. Pure, so a unit test
 * can hold the manifest and the code to the same list.
 */

export const COMMANDS = {
  openChat: 'switchboard.openChat',
  addContext: 'switchboard.addContext',
  setApiKey: 'switchboard.setApiKey',
  clearApiKey: 'switchboard.clearApiKey',
  showCredits: 'switchboard.showCredits',
  compareModels: 'switchboard.compareModels',
  compareProviders: 'switchboard.compareProviders',
  showLeaderboard: 'switchboard.showLeaderboard',
  explainSelection: 'switchboard.explainSelection',
  askAboutSelection: 'switchboard.askAboutSelection',
  compareSelection: 'switchboard.compareSelection',
  explainProblem: 'switchboard.explainProblem',
  acceptEdit: 'switchboard.acceptEdit',
  discardEdit: 'switchboard.discardEdit',
} as const;

export const CHAT_VIEW_TYPE = 'switchboard.chat';

/** The vendor of Switchboard's models in VS Code's own Chat. */
export const LM_VENDOR = 'switchboard';

/** `@switchboard` in VS Code's Chat, and its commands. */
export const PARTICIPANT_ID = 'switchboard.participant';
export const PARTICIPANT_COMMANDS = ['compare', 'explain', 'route', 'cost'] as const;

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
  'providerPreferences',
  'vscodeChat.models',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/**
 * Settings that decide where a key and a prompt go, and to which model: in an untrusted workspace
 * only their user settings count.
 */
export const RESTRICTED_SETTINGS: readonly SettingKey[] = ['gateways', 'baseUrls', 'gateway', 'model', 'router.rules', 'compare.models'];

/**
 * Money and privacy settings: spending limits, free models only, the exchange rate, the providers
 * that may see a prompt. No workspace, trusted or not, can loosen them: they are `application`
 * scoped, and read from user settings only.
 */
export const USER_ONLY_SETTINGS: readonly SettingKey[] = ['budget.currency', 'budget.daily', 'budget.monthly', 'budget.perRequest', 'budget.warnAtPercent', 'freeModelsOnly', 'exchangeRate', 'providerPreferences'];

import type { Language } from '../registry/vocabulary.js';

/**
 * The texts of the messages Fenghuo sends, in every language it speaks. Placeholders are
 * `{name}`; a recipient gets the text in its own language.
 */
const TEMPLATES = {
  'user.welcome': {
    'zh-CN': {
      subject: '欢迎使用烽火平台',
      body: '{displayName}，您好：已为您开通烽火平台账号“{username}”，角色为 {role}。',
    },
    en: {
      subject: 'Welcome to Fenghuo',
      body: 'Hello {displayName}, an account "{username}" with the role {role} has been created for you on Fenghuo.',
    },
  },
  'token.created': {
    'zh-CN': {
      subject: '已创建新的 API 令牌',
      body: '您的账号新建了 API 令牌“{name}”（{prefix}…，权限 {scopes}）。如非本人操作，请立即吊销并联系管理员。',
    },
    en: {
      subject: 'A new API token was created',
      body: 'An API token "{name}" ({prefix}…, scopes {scopes}) was created for your account. If this was not you, revoke it and tell an administrator.',
    },
  },
  'import.committed': {
    'zh-CN': {
      subject: '批量导入完成：{kind}',
      body: '{kind} 导入已提交：共 {total} 行，新建 {created}，更新 {updated}，未变 {unchanged}，拒绝 {rejected}。',
    },
    en: {
      subject: 'Bulk import committed: {kind}',
      body: 'The {kind} import was committed: {total} rows, {created} created, {updated} updated, {unchanged} unchanged, {rejected} rejected.',
    },
  },
  'incident.report_received': {
    'zh-CN': {
      subject: '网络安全事件报告 {reference}（{grade}）',
      body: '{organisation} 报告了网络安全事件 {reference}：{title}。依据《{pack}》，等级为{grade}，本报告为{stage}。请登录烽火平台查看详情。',
    },
    en: {
      subject: 'Incident report {reference} ({grade})',
      body: '{organisation} reported incident {reference}: {title}. Under {pack} it is graded {grade}; this is the {stage}. Sign in to Fenghuo for the details.',
    },
  },
} as const satisfies Record<string, Record<Language, { subject: string; body: string }>>;

export type MessageTemplate = keyof typeof TEMPLATES;

export function renderMessage(
  template: MessageTemplate,
  language: Language,
  params: Record<string, string | number>,
): { subject: string; body: string } {
  const text = TEMPLATES[template][language];
  const fill = (s: string) =>
    s.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? `{${key}}`));
  return { subject: fill(text.subject), body: fill(text.body) };
}

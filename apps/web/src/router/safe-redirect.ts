/**
 * Where to go after signing in: only a path of this app may be a redirect target, never
 * another site (`//evil.example`, `https://evil.example`), so a crafted sign-in link cannot
 * send someone away. Its own module because both the router's guard and the sign-in page use it.
 */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

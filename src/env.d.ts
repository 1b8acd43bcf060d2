/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    locale: import('./lib/i18n/locales').Locale;
    /** Set by the Express layer (honours TRUST_PROXY); Astro's own clientAddress trusts X-Forwarded-For blindly. */
    clientIp: string;
    requestId: string;
    user: import('./lib/server/auth/session').SessionUser | null;
    session: import('./lib/server/auth/session').ActiveSession | null;
    /** Set by /join/<code> before it rewrites to /join: wrong codes were typed too often. */
    joinThrottledMinutes?: number;
  }
}

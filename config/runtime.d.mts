export function readBuildSettings(env?: NodeJS.ProcessEnv): { publicUrl: string };
export function normalisePublicUrl(value: string): string;
export function allowedDomainsFor(publicUrl: string): { hostname: string; protocol?: string }[];

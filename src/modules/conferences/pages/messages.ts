export const PAGE_MESSAGES = {} as const satisfies Record<string, readonly [string, string]>;

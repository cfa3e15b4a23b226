// "server-only" throws outside a React Server Component bundle; under Vitest the guarded modules run in plain Node.
export {};

// Which admin passwords production refuses: shorter than 12 characters, or one printed in this repository's own samples.
/**
 * Every password the repository shows as an example (docker-compose.yml's default, the demo seed, the README, the tests'
 * fixture): anyone who has read the repository knows them. test/security/admin-password.test.ts checks this list against
 * those files, so a new sample cannot be added without landing here.
 */
export const SAMPLE_PASSWORDS: readonly string[] = [
  'change-me-admin-password',
  'admin-demo-password',
  'correct horse battery staple',
  'at least 12 chars',
  'not-a-real-password-for-timing',
];

const normalize = (s: string) => s.trim().toLowerCase();

/** Why this admin password may not be used in production, or null when it may. */
export function adminPasswordProblem(password: string): string | null {
  if (password.length < 12) return 'must be at least 12 characters';
  if (SAMPLE_PASSWORDS.some((sample) => normalize(sample) === normalize(password))) {
    return 'is a sample password printed in this repository; choose your own';
  }
  return null;
}

/** Throws in production when the password is refused; elsewhere the samples keep the quick start quick. */
export function assertAdminPassword(password: string, nodeEnv: string): void {
  if (nodeEnv !== 'production') return;
  const problem = adminPasswordProblem(password);
  if (problem) throw new Error(`Refusing to create an admin in production: the password ${problem}`);
}

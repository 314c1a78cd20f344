/**
 * The training operators' PIN (`training-teller`, `training-supervisor`, `training-admin`): training
 * mode talks only to the simulators, so it may be known and is shown on the sign-in screen. Training
 * operators are refused in production mode. Plain data without zod, so the sign-in screen (the
 * renderer's first chunk) can show it; src/shared/ipc/auth.ts re-exports it for main.
 */
export const TRAINING_PIN = '246810';

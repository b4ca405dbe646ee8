/**
 * NestJS 12 (Express platform) receiving Moyasar webhooks: `npm run example:nestjs` (reads
 * MOYASAR_WEBHOOK_SECRET, and MOYASAR_SECRET_KEY if set to check live/test mode; PORT, default 3000).
 *
 * These files are what `nest new` would have in src/: they compile with its default tsconfig
 * (CommonJS output) as well as under this repository's strict one.
 */
import { createApp } from './create-app';

async function bootstrap(): Promise<void> {
  const app = await createApp();
  await app.listen(Number(process.env.PORT ?? 3000));
  console.log(`POST Moyasar webhooks to ${await app.getUrl()}/webhooks/moyasar`);
}
void bootstrap();

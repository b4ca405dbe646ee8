/**
 * paybridge/opentelemetry: spans and metrics from paybridge's observability hooks, following
 * OpenTelemetry's HTTP semantic conventions. `instrument()` returns the `hooks` every adapter takes
 * and the `onOutcome` of `createWebhookHandler` and `createReconciler`:
 *
 * ```ts
 * const otel = instrument(); // the global tracer and meter providers your OpenTelemetry SDK registered
 * const moyasar = createMoyasar({ hooks: otel.hooks });
 * const handler = createWebhookHandler({ provider: moyasar, onEvent, onOutcome: otel.onOutcome });
 * ```
 *
 * - Each attempt of each request is a CLIENT span named after its method (`GET`, `POST`) with
 *   `http.request.method`, `url.full` (origin and path: no query string, secrets redacted),
 *   `server.address`, `server.port`, `http.response.status_code`, `error.type` (the status code
 *   from 400 on, else `timeout`, `network` or `aborted`), `http.request.resend_count` from the
 *   second attempt on, `paybridge.provider` and `paybridge.operation`; its duration is also
 *   recorded in the `http.client.request.duration` histogram (seconds). A retry adds a
 *   `paybridge.http.retry` event to the span active at that moment (yours).
 * - Each webhook request (and each payment a reconciler looks up) is an INTERNAL span
 *   `webhook <provider>` (`reconcile <provider>`) and one count of `paybridge.webhook.outcomes`
 *   with `paybridge.webhook.outcome`, `paybridge.webhook.reason`, `paybridge.webhook.source` and
 *   `paybridge.provider`.
 *
 * `@opentelemetry/api` (1.9 or later) is an optional peer dependency: only this entry point loads
 * it. Nothing is created until the first hook fires, so `instrument()` may run before the SDK
 * starts.
 *
 * @module paybridge/opentelemetry
 */
import {
  type Attributes,
  type Counter,
  type Histogram,
  type MeterProvider,
  metrics,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { ConfigurationError } from '../core/errors';
import type { WebhookOutcome } from '../core/outcome';
import type { HttpHooks, HttpResponseInfo, HttpRetryInfo } from '../core/types';
import { PAYBRIDGE_VERSION } from '../core/version';

/** The instrumentation scope of every tracer and meter this entry point uses. */
const SCOPE = 'paybridge';

/** The boundaries semantic conventions advise for `http.client.request.duration`, in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface InstrumentOptions {
  /** Where spans go (default: the global tracer provider, as the SDK registers it, looked up on each use). */
  tracerProvider?: TracerProvider | undefined;
  /** Where metrics go (default: the global meter provider, looked up on each use). */
  meterProvider?: MeterProvider | undefined;
}

/** What `instrument()` returns: pass `hooks` to adapters and `onOutcome` to handlers and reconcilers. */
export interface Instrumentation {
  /** For every adapter's settings: `createMoyasar({ hooks: otel.hooks })`. */
  readonly hooks: HttpHooks;
  /** For `createWebhookHandler({ …, onOutcome })` and `createReconciler({ …, onOutcome })`. */
  readonly onOutcome: (outcome: WebhookOutcome) => void;
}

interface Instruments {
  duration: Histogram;
  outcomes: Counter;
}

function checkProvider(value: unknown, method: 'getTracer' | 'getMeter', name: string): void {
  if (value === undefined) return;
  if (typeof (value as Record<string, unknown> | null)?.[method] !== 'function') {
    throw new ConfigurationError(`instrument: ${name} must be an OpenTelemetry ${name} (with ${method}()).`, {
      code: 'invalid_option',
    });
  }
}

/** `server.address` and `server.port` of a hook's URL. */
function server(url: string): Attributes {
  try {
    const parsed = new URL(url);
    const port = parsed.port !== '' ? Number(parsed.port) : parsed.protocol === 'http:' ? 80 : 443;
    return { 'server.address': parsed.hostname, 'server.port': port };
  } catch {
    return {};
  }
}

/** Attributes without their undefined values. */
function defined(attributes: Record<string, string | number | boolean | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * Hooks that turn paybridge's requests and webhook outcomes into OpenTelemetry spans and metrics.
 * Constructing them does nothing: tracers, meters and instruments are made on first use.
 */
export function instrument(options?: InstrumentOptions | null): Instrumentation {
  if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
    throw new ConfigurationError('instrument: options must be an object.', { code: 'invalid_option' });
  }
  checkProvider(options?.tracerProvider, 'getTracer', 'tracerProvider');
  checkProvider(options?.meterProvider, 'getMeter', 'meterProvider');

  let tracing: { from: TracerProvider; tracer: Tracer } | undefined;
  let measuring: { from: MeterProvider; instruments: Instruments } | undefined;

  function tracer(): Tracer {
    const from = options?.tracerProvider ?? trace.getTracerProvider();
    if (tracing?.from !== from) tracing = { from, tracer: from.getTracer(SCOPE, PAYBRIDGE_VERSION) };
    return tracing.tracer;
  }

  function instruments(): Instruments {
    const from = options?.meterProvider ?? metrics.getMeterProvider();
    if (measuring?.from !== from) {
      const meter = from.getMeter(SCOPE, PAYBRIDGE_VERSION);
      measuring = {
        from,
        instruments: {
          duration: meter.createHistogram('http.client.request.duration', {
            description: 'Duration of HTTP client requests.',
            unit: 's',
            advice: { explicitBucketBoundaries: DURATION_BUCKETS },
          }),
          outcomes: meter.createCounter('paybridge.webhook.outcomes', {
            description: 'Webhook requests handled, and tracked payments looked up, by what became of them.',
            unit: '{outcome}',
          }),
        },
      };
    }
    return measuring.instruments;
  }

  function onResponse(info: HttpResponseInfo): void {
    const end = Date.now();
    const errorType =
      info.error ?? (info.status !== undefined && info.status >= 400 ? String(info.status) : undefined);
    const attributes: Attributes = {
      'http.request.method': info.method,
      ...server(info.url),
      ...defined({ 'http.response.status_code': info.status, 'error.type': errorType }),
      'paybridge.provider': info.provider,
      'paybridge.operation': info.operation,
    };
    instruments().duration.record(info.durationMs / 1000, attributes);
    const span = tracer().startSpan(info.method, {
      kind: SpanKind.CLIENT,
      startTime: end - info.durationMs,
      attributes: {
        ...attributes,
        'url.full': info.url,
        ...defined({
          'http.request.resend_count': info.attempt > 1 ? info.attempt - 1 : undefined,
          'paybridge.request_id': info.requestId,
        }),
      },
    });
    if (errorType !== undefined) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(end);
  }

  function onRetry(info: HttpRetryInfo): void {
    trace.getActiveSpan()?.addEvent(
      'paybridge.http.retry',
      defined({
        'paybridge.provider': info.provider,
        'paybridge.operation': info.operation,
        'http.request.method': info.method,
        'http.request.resend_count': info.attempt - 1,
        'http.response.status_code': info.previousStatus,
        'error.type': info.previousError,
      }),
    );
  }

  function onOutcome(outcome: WebhookOutcome): void {
    const end = Date.now();
    const provider = outcome.provider ?? 'unknown';
    const counted = defined({
      'paybridge.provider': provider,
      'paybridge.webhook.outcome': outcome.outcome,
      'paybridge.webhook.reason': outcome.reason,
      'paybridge.webhook.source': outcome.source,
    });
    instruments().outcomes.add(1, counted);
    const failed = outcome.outcome === 'failed';
    const span = tracer().startSpan(`${outcome.source === 'webhook' ? 'webhook' : 'reconcile'} ${provider}`, {
      kind: SpanKind.INTERNAL,
      startTime: end - outcome.durationMs,
      attributes: {
        ...counted,
        'paybridge.webhook.verified': outcome.verified,
        ...defined({
          'http.response.status_code': outcome.status,
          'error.type': failed || outcome.outcome === 'refused' ? outcome.code : undefined,
          'paybridge.webhook.confirmed': outcome.confirmed,
          'paybridge.webhook.stale': outcome.stale,
          'paybridge.tenant': outcome.tenant,
          'paybridge.event.id': outcome.eventId,
          'paybridge.event.type': outcome.eventType,
          'paybridge.event.kind': outcome.eventKind,
          'paybridge.payment.id': outcome.paymentId,
        }),
      },
    });
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.code });
    span.end(end);
  }

  return Object.freeze({ hooks: Object.freeze({ onResponse, onRetry }), onOutcome });
}

export type { WebhookOutcome, WebhookOutcomeKind } from '../core/outcome';
export type { HttpHooks, HttpResponseInfo, HttpRetryInfo } from '../core/types';

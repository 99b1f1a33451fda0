import {
  EventValidationError,
  parseEvents,
} from '@devops-insights/backstage-plugin-common';
import jsonata from 'jsonata';

/** Most events one delivery may produce. */
export const MAX_EVENTS_PER_DELIVERY = 1000;
/**
 * JSONata's own guardrails, checked at every evaluation step: nesting depth
 * (D1011, runaway recursion) and elapsed time (D1012, loops). A sequence may
 * not grow beyond this many items (D2015).
 */
const STACK_LIMIT = 300;
const SEQUENCE_LIMIT = 100_000;

/** What went wrong while mapping a payload; answered as 400. */
export class MappingError extends Error {
  readonly name = 'InputError';
  constructor(
    message: string,
    /** Per invalid event: index, field and problem. */
    readonly errors: EventValidationError[] = [],
    /** The events the errors name, as the mapping produced them. */
    readonly offendingEvents: Array<{ index: number; event: unknown }> = [],
  ) {
    super(message);
  }
}

type JsonataError = {
  code?: string;
  message?: string;
  position?: number;
  token?: string;
};

const describe = (error: unknown) => {
  const e = error as JsonataError;
  const where = typeof e?.position === 'number' ? ` at ${e.position}` : '';
  return `${e?.code ? `${e.code}: ` : ''}${
    e?.message ?? String(error)
  }${where}`;
};

/** A JSONata expression, compiled once, evaluated within time and depth. */
export class CompiledExpression {
  private constructor(private readonly expression: jsonata.Expression) {}

  /** Throws a readable error when the expression does not parse. */
  static compile(text: string, timeoutMs: number): CompiledExpression {
    let expression: jsonata.Expression;
    try {
      // The guardrails' clock starts at each evaluate().
      expression = jsonata(text, {
        timeout: timeoutMs,
        stack: STACK_LIMIT,
        sequence: SEQUENCE_LIMIT,
      });
    } catch (error) {
      throw new Error(`JSONata syntax error ${describe(error)}`);
    }
    // $eval would run expressions taken from the payload.
    expression.registerFunction('eval', () => {
      throw Object.assign(new Error('$eval is disabled in mappings'), {
        code: 'D3121',
      });
    });
    return new CompiledExpression(expression);
  }

  async evaluate(input: unknown, bindings: Record<string, unknown>) {
    try {
      return await this.expression.evaluate(input, bindings);
    } catch (error) {
      throw new MappingError(`The mapping failed: ${describe(error)}`);
    }
  }
}

/** A webhook's mapping and optional entity expression, compiled. */
export type CompiledMapping = {
  mapping: CompiledExpression;
  entityRef?: CompiledExpression;
};

export function compileMapping(options: {
  mapping: string;
  entityRef?: string;
  timeoutMs: number;
}): CompiledMapping {
  const mapping = CompiledExpression.compile(
    options.mapping,
    options.timeoutMs,
  );
  let entityRef: CompiledExpression | undefined;
  if (options.entityRef) {
    try {
      entityRef = CompiledExpression.compile(
        options.entityRef,
        options.timeoutMs,
      );
    } catch (error) {
      throw new Error(`entityRef: ${(error as Error).message}`);
    }
  }
  return { mapping, entityRef };
}

/** JSON as sent: no JSONata sequences, functions or undefined. */
const plain = (value: unknown) =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

function kindOf(value: unknown) {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * The events a payload maps to, validated by the events API's schemas:
 * `ignored` when the mapping gives nothing (e.g. a build that only
 * started), else the events as the mapping produced them. Throws
 * MappingError naming what went wrong and the offending events.
 */
export async function eventsOfPayload(
  compiled: CompiledMapping,
  payload: unknown,
  bindings: Record<string, unknown>,
): Promise<{ events: Record<string, unknown>[] } | { ignored: string }> {
  const result = plain(await compiled.mapping.evaluate(payload, bindings));
  if (result === undefined || result === null) {
    return { ignored: 'the mapping produced no event for this payload' };
  }
  const list: unknown[] = Array.isArray(result) ? result : [result];
  if (list.length === 0) {
    return { ignored: 'the mapping produced no event for this payload' };
  }
  if (list.length > MAX_EVENTS_PER_DELIVERY) {
    throw new MappingError(
      `The mapping produced ${list.length} events; at most ${MAX_EVENTS_PER_DELIVERY} per delivery`,
    );
  }
  const notObjects = list
    .map((event, index) => ({ index, event }))
    .filter(({ event }) => kindOf(event) !== 'object');
  if (notObjects.length) {
    throw new MappingError(
      'The mapping must produce an event object or an array of them',
      notObjects.map(({ index, event }) => ({
        index,
        path: '',
        message: `expected an event object, got ${kindOf(event)}`,
      })),
      notObjects.slice(0, 10),
    );
  }
  const events = list as Record<string, unknown>[];
  if (compiled.entityRef) {
    const ref = plain(await compiled.entityRef.evaluate(payload, bindings));
    if (typeof ref !== 'string' || !ref) {
      throw new MappingError(
        `The entityRef expression must give a non-empty string, got ${kindOf(
          ref,
        )}`,
      );
    }
    for (const event of events) event.entityRef = ref;
  }
  const parsed = parseEvents(events);
  if (!parsed.ok) {
    const indexes = [...new Set(parsed.errors.map(e => e.index))];
    throw new MappingError(
      `The mapping produced ${indexes.length} invalid event(s); nothing was stored`,
      parsed.errors,
      indexes.slice(0, 10).map(index => ({ index, event: events[index] })),
    );
  }
  return { events };
}

import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError, createErrorFormatter, ErrorCode, subgraphRefusal } from './errors.ts';
import { createLogger } from './logger.ts';

const format = createErrorFormatter(createLogger('errors-test', { LOG_LEVEL: 'silent' }));
const formatted = (error: GraphQLError) => format(error.toJSON(), error);

/** The error Apollo Gateway makes of a subgraph's non-2xx answer (RemoteGraphQLDataSource.errorFromResponse). */
const gatewayFetchError = (status: number, body: unknown) =>
  new GraphQLError(`${status}: Bad Request`, {
    extensions: { response: { url: 'http://127.0.0.1:4003/graphql', status, statusText: 'Bad Request', body } },
  });

describe('the error formatter', () => {
  it('passes an error raised on purpose, and masks anything else', () => {
    expect(formatted(new AppError(ErrorCode.BAD_USER_INPUT, '"id" is not an id'))).toEqual({
      message: '"id" is not an id',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    const internal = new GraphQLError('relation "cases.case" does not exist', { originalError: new Error('relation') });
    expect(formatted(internal)).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('takes a subgraph’s refusal of the caller’s input (a malformed DateTime the gateway passes through) for the caller’s error, without its URL or status', () => {
    const refused = subgraphRefusal(
      gatewayFetchError(400, {
        errors: [
          {
            message:
              'Variable "$v0" got invalid value "banana"; DateTime cannot represent an invalid date-time-string banana. Did you mean "x"?',
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
      }),
    );
    expect(refused).toBeInstanceOf(AppError);
    const answer = formatted(refused!);
    expect(answer).toEqual({
      message: 'Variable "$v0" got invalid value "banana"; DateTime cannot represent an invalid date-time-string banana.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(JSON.stringify(answer)).not.toMatch(/127\.0\.0\.1|4003|400:/);
  });

  it('takes a subgraph’s failure, and a refusal without a public code, for no refusal of the input', () => {
    for (const failed of [
      gatewayFetchError(500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
      gatewayFetchError(400, { errors: [{ message: 'no code' }] }),
      gatewayFetchError(400, { errors: [{ message: 'made up', extensions: { code: 'SOMETHING_ELSE' } }] }),
      gatewayFetchError(400, { errors: [{ message: 'internal', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }),
      gatewayFetchError(400, 'not json'),
      new GraphQLError('no response at all'),
    ]) {
      expect(subgraphRefusal(failed)).toBeUndefined();
    }
  });
});

import { dirname } from 'node:path';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

type History = proto.temporal.api.history.v1.IHistory;
interface ProtoJson {
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History;
}

/**
 * historyFromJSON without the SDK's helper. In this install @temporalio/common and
 * @temporalio/proto each carry their own copy of protobufjs 8, so the SDK's helper fails with
 * "type must be a Type" (an instanceof check across copies). Resolving protojson next to
 * @temporalio/proto keeps the type and the converter in the same copy; drop this file once
 * `npm dedupe` (or an SDK fix) makes the SDK helper work again.
 */
export function historyFromJson(json: unknown): History {
  const protojsonPath = require.resolve('protobufjs/ext/protojson', { paths: [dirname(require.resolve('@temporalio/proto'))] });

  const protojson = require(protojsonPath) as ProtoJson;
  const root = patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown };
  const historyType = root.lookupType('temporal.api.history.v1.History');
  return protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
}

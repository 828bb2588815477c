/**
 * A request Node's HTTP parser refuses before Fastify sees it (a query of raw UTF-8 bytes — `?q=张`
 * sent unencoded —, a malformed header, a timeout) is answered by Fastify's `clientErrorHandler`,
 * outside the routes and setErrorHandler. Fastify's default answers in English with its own shape
 * ({"error":"Bad Request","message":"Client Error"}); this one answers as every error of the app
 * does: `{ error: { code, message } }`, the message in Chinese.
 */
import type { Socket } from 'node:net';
import type { ErrorCode } from './errors.ts';

/** The status, code and Chinese message for a parser error code (Node's HPE_…, ERR_HTTP_…). */
export function clientErrorAnswer(code: string | undefined): {
  status: 400 | 408 | 431;
  code: ErrorCode;
  message: string;
} {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, code: 'bad_request', message: '请求超时，请检查网络后重试' };
  if (code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      code: 'payload_too_large',
      message: '请求头过大，请清除本站的浏览器缓存和 Cookie 后重试',
    };
  if (code === 'HPE_INVALID_URL')
    return {
      status: 400,
      code: 'bad_request',
      message: '请求地址中含有未编码的字符（如汉字），请通过网页搜索，或将查询内容按 URL 编码后重试',
    };
  return { status: 400, code: 'bad_request', message: '请求格式无效，服务器无法识别，请刷新页面后重试' };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** Fastify's `clientErrorHandler`: the app's error envelope, then the connection closed. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer (as Fastify's default).
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const a = clientErrorAnswer(err.code);
    const body = JSON.stringify({ error: { code: a.code, message: a.message } });
    socket.write(
      `HTTP/1.1 ${a.status} ${REASONS[a.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

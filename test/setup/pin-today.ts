/**
 * Pins the bureau's day (server/today.ts) for the whole test file: fixtures compute their dates when
 * they load, the app at each request, and a run that crosses midnight in China would otherwise see
 * two different days. A day already pinned by the caller (JIAOFU_TODAY) is kept.
 */
import { todayInChina } from '../../src/server/today.ts';

process.env.JIAOFU_TODAY ||= todayInChina();

import type { ClickAnswer, ProxyCluster } from './startProxyCluster';

export interface LeadBurstOptions {
  /** New leads, clicked at once and spread round-robin over the instances; required. */
  leads: number;
  /** The cluster's instance count; required. */
  instances: number;
  /** Prefix of the leads' CRM ids. Default: `burst`. */
  prefix?: string;
  /** Clicks per lead at most, the first included. Default: 20. */
  maxClicksPerLead?: number;
  /**
   * SIGKILL this instance and start it again once Saleschat has seen `afterRequests` API
   * requests of the burst. Default: no restart.
   */
  restart?: { instance: number; afterRequests: number };
}

/** Every click's answer, by what it was. */
export interface LeadBurstResult {
  /** Clicks answered 200. */
  ok: number;
  /** Clicks answered 429 RATE_LIMITED with a `retryAfterMs`, each retried after it. */
  rateLimited: number;
  /** Clicks whose connection failed while an instance was being restarted. */
  cut: number;
  /** Any other answer, as `status code`, for the failure message. */
  other: string[];
  /** Clicks the restarted instance answered 200 after its restart. */
  okAfterRestart: number;
  /** Leads never answered 200 within `maxClicksPerLead` clicks. */
  unanswered: string[];
  /** From the first click to the last answer. */
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A burst of new leads as agents would make it: every lead clicked at once, each on its
 * instance, and a lead answered RATE_LIMITED clicked again once its `retryAfterMs` is over.
 */
export async function runLeadBurst(
  cluster: ProxyCluster,
  options: LeadBurstOptions,
): Promise<LeadBurstResult> {
  const { leads, instances, prefix = 'burst', maxClicksPerLead = 20 } = options;
  const result: LeadBurstResult = {
    ok: 0,
    rateLimited: 0,
    cut: 0,
    okAfterRestart: 0,
    other: [],
    unanswered: [],
    seconds: 0,
  };
  const agents = [await cluster.agent(), await cluster.agent()];
  let restarting = false;
  let restarted = false;

  async function clickUntilAnswered(index: number) {
    const lead = `${prefix}-${index}`;
    for (let click = 0; click < maxClicksPerLead; click++) {
      const instance = index % instances;
      const afterRestart = restarted && instance === options.restart?.instance;
      const sentWhileRestarting = restarting;
      const answer: ClickAnswer = await cluster.click(
        instance,
        agents[index % agents.length] as string,
        lead,
      );
      if (answer.status === 200) {
        result.ok++;
        if (afterRestart) result.okAfterRestart++;
        return;
      }
      const retryAfterMs = answer.body?.error?.retryAfterMs;
      if (
        answer.status === 429 &&
        answer.body?.error?.code === 'RATE_LIMITED' &&
        typeof retryAfterMs === 'number' &&
        retryAfterMs > 0
      ) {
        result.rateLimited++;
        await sleep(retryAfterMs);
      } else if (answer.status === 0 && (sentWhileRestarting || restarting)) {
        // The instance is down for its restart: try again shortly, as a browser's user would.
        // Not counted against maxClicksPerLead: the restart bounds these.
        result.cut++;
        click--;
        await sleep(250);
      } else {
        result.other.push(`${lead}: ${answer.status} ${answer.body?.error?.code ?? 'no body'}`);
        return;
      }
    }
    result.unanswered.push(lead);
  }

  const started = performance.now();
  const clicks = Array.from({ length: leads }, (_, index) => clickUntilAnswered(index));
  const { restart } = options;
  if (restart) {
    const seen = cluster.saleschat.fake.requests.length;
    const giveUp = Date.now() + 60_000;
    while (cluster.saleschat.fake.requests.length - seen < restart.afterRequests) {
      if (Date.now() > giveUp) throw new Error('The burst never reached the restart point');
      await sleep(20);
    }
    restarting = true;
    try {
      await cluster.restart(restart.instance);
      restarted = true;
    } finally {
      restarting = false;
    }
  }
  await Promise.all(clicks);
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

import express, { type Request, type Response, type Router } from 'express';
import { leadNameProblems, type LeadNames } from '../src/leadNames';
import { AGENTS, maskPhone, type Agent, type Lead } from './seed';
import { demoSessions, type Sessions } from './session';

/** A lead as the browser sees it: the phone number masked, nothing else held back. */
export interface LeadView {
  id: string;
  name: string;
  firstName: string;
  lastName: string;
  company: string;
  stage: Lead['stage'];
  owner: string;
  phoneMasked: string;
  doNotContact: boolean;
}

function view(lead: Lead): LeadView {
  const owner = AGENTS.find((agent) => agent.id === lead.ownerId);
  return {
    id: lead.id,
    name: `${lead.firstName} ${lead.lastName}`,
    firstName: lead.firstName,
    lastName: lead.lastName,
    company: lead.company,
    stage: lead.stage,
    owner: owner?.name ?? '—',
    phoneMasked: maskPhone(lead.phone),
    doNotContact: lead.doNotContact,
  };
}

function publicAgent(agent: Agent) {
  const { id, name, role, usesSaleschat } = agent;
  return { id, name, role, usesSaleschat };
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** The CRM's own API: sign-in, leads list with search and paging, lead details and names, calls. */
export function crmApi(
  leads: ReadonlyMap<string, Lead>,
  sessions: Sessions = demoSessions,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '4kb' }));

  router.get('/agents', (_req, res) => {
    res.json(AGENTS.map(publicAgent));
  });

  router.post('/session', (req, res) => {
    const agent = AGENTS.find((candidate) => candidate.id === req.body?.agentId);
    if (!agent) return void res.status(400).json({ message: 'Unknown agent' });
    res.setHeader('Set-Cookie', sessions.cookieFor(agent.id)).json(publicAgent(agent));
  });

  router.delete('/session', (req, res) => {
    res.setHeader('Set-Cookie', sessions.revoke(req.headers.cookie)).status(204).end();
  });

  const signedIn = (req: Request, res: Response): Agent | null => {
    const agent = sessions.agentOf(req.headers.cookie);
    if (!agent) res.status(401).json({ message: 'Sign in first' });
    return agent;
  };

  router.get('/session', (req, res) => {
    const agent = signedIn(req, res);
    if (agent) res.json(publicAgent(agent));
  });

  router.get('/leads', (req, res) => {
    if (!signedIn(req, res)) return;
    const query = fold(String(req.query.query ?? '').trim());
    const pageSize = Math.min(100, Math.max(1, Number(req.query.pageSize) || 25));
    const matching = [...leads.values()]
      .map(view)
      .filter(
        (lead) =>
          !query ||
          [lead.id, lead.name, lead.company, lead.stage, lead.owner].some((field) =>
            fold(field).includes(query),
          ),
      );
    const pages = Math.max(1, Math.ceil(matching.length / pageSize));
    const page = Math.min(pages, Math.max(1, Number(req.query.page) || 1));
    res.json({
      items: matching.slice((page - 1) * pageSize, page * pageSize),
      total: matching.length,
      page,
      pageSize,
      pages,
    });
  });

  router.get('/leads/:id', (req, res) => {
    if (!signedIn(req, res)) return;
    const lead = leads.get(req.params.id ?? '');
    if (!lead) return void res.status(404).json({ message: 'No such lead' });
    res.json(view(lead));
  });

  // The lead edit form: names only. The next Chat sends them on to Saleschat (Update Contact).
  router.put('/leads/:id', (req, res) => {
    if (!signedIn(req, res)) return;
    const lead = leads.get(req.params.id ?? '');
    if (!lead) return void res.status(404).json({ message: 'No such lead' });
    const problems = leadNameProblems(req.body);
    if (Object.keys(problems).length > 0) {
      return void res.status(400).json({ message: Object.values(problems).join(' '), problems });
    }
    const { firstName, lastName } = req.body as LeadNames;
    lead.firstName = firstName.trim();
    lead.lastName = lastName.trim();
    res.json(view(lead));
  });

  // The dialer stays on the server, like the chat flow: the browser never holds the number.
  router.post('/leads/:id/call', (req, res) => {
    if (!signedIn(req, res)) return;
    const lead = leads.get(req.params.id ?? '');
    if (!lead) return void res.status(404).json({ message: 'No such lead' });
    res.json({ status: 'ringing', to: maskPhone(lead.phone) });
  });

  return router;
}

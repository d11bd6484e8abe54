import { saleschatProxy } from '../../../../saleschat';

const handle = (request: Request) => saleschatProxy().fetch(request);
export { handle as DELETE, handle as GET, handle as OPTIONS, handle as POST };

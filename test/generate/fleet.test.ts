/** `generateFleet` from the `ldmfit/generate` entry: seeded fleets that the fleet parser accepts, the same bytes for the same seed. */
import t from 'tap';
import { parseFleet } from '../../src/fleet/fleet.js';
import { generateFleet } from '../../src/generate/index.js';

t.test('the entry\'s generateFleet draws a valid fleet, the same one for the same options', async (t) => {
  const options = { seed: 11, targets: 3, domains: 5, rangesPerTarget: 20 };
  const first = generateFleet(options);
  t.equal(JSON.stringify(generateFleet(options)), JSON.stringify(first));
  t.not(JSON.stringify(generateFleet({ ...options, seed: 12 })), JSON.stringify(first));
  const fleet = parseFleet(first);
  t.equal(fleet.hosts.length, 4, 'the source and three targets');
  t.equal(fleet.hosts.flatMap((host) => host.domains ?? []).length, 5);
});

// isCompetitor: by distance, by postal area, by city or state without either, and only for shared service lines.
import t from 'tap';
import { isCompetitor } from '../../../../src/modules/matching/engine/index.js';
import { at, member } from './fixtures/members.js';

const region = (over: object) => ({ country: 'US', state: 'KS', ...over });

t.test('competitors by distance – same service line within the radius', async (t) => {
  const a = member('a');
  t.ok(isCompetitor(a, member('b', { region: region(at(30, 0)) })), '30 km');
  t.notOk(isCompetitor(a, member('c', { region: region(at(50, 0)) })), '50 km');
  t.ok(isCompetitor(a, member('c', { region: region(at(50, 0)) }), 60), 'radius is an option');
});

t.test('competitors need a shared service line (services ∪ practice type)', async (t) => {
  const a = member('a', { practiceType: 'pediatric' });
  const near = region(at(1, 1));
  t.notOk(isCompetitor(a, member('b', { practiceType: 'geriatric', region: near })));
  t.ok(isCompetitor(a, member('c', { practiceType: 'geriatric', services: ['pediatric'], region: near })));
});

t.test('competitors by postal area when coordinates are missing', async (t) => {
  const a = member('a', { region: region({ postalCode: '66044', lat: null, lon: null }) });
  t.ok(isCompetitor(a, member('b', { region: region({ postalCode: '66044-1234', ...at(500, 0) }) })), 'ZIP+4, one side with coordinates');
  t.notOk(isCompetitor(a, member('c', { region: region({ postalCode: '66045' }) })));
});

t.test('competitors by city, or the whole state, when neither coordinates nor postal codes tell', async (t) => {
  const a = member('a', { region: region({ city: 'Lawrence', lat: null, lon: null }) });
  t.ok(isCompetitor(a, member('b', { region: region({ city: ' lawrence ', lat: null, lon: null }) })));
  t.notOk(isCompetitor(a, member('c', { region: region({ city: 'Wichita', lat: null, lon: null }) })));
  t.ok(isCompetitor(a, member('d', { region: region({ city: null, lat: null, lon: null }) })), 'unknown city: same state counts');
  t.notOk(isCompetitor(a, member('e', { region: { country: 'US', state: 'MO', city: null } })));
});

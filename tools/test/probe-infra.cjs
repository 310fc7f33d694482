// Finds the real servers the test tiers may use. Prints one JSON line:
// { postgres: url|null, postgresWhy, kafka: brokers|null, kafkaWhy, keycloak: url|null, keycloakWhy }
const net = require('node:net');
const { Client } = require('pg');

const pgUrl = process.env.LUOTSI_TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/luotsi_test';
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',').map((b) => b.trim());
const keycloakUrl = (process.env.LUOTSI_TEST_KEYCLOAK_URL || 'http://127.0.0.1:8180').replace(/\/+$/, '');

async function probePostgres() {
  const tryConnect = async (url) => {
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    await client.connect();
    await client.query('SELECT 1');
    await client.end();
  };
  try {
    await tryConnect(pgUrl);
    return { postgres: pgUrl };
  } catch (error) {
    // The test database may simply not exist yet: create it through the maintenance database.
    if (/does not exist/.test(String(error.message))) {
      const u = new URL(pgUrl);
      const db = u.pathname.slice(1);
      u.pathname = '/postgres';
      try {
        const admin = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
        await admin.connect();
        await admin.query(`CREATE DATABASE "${db.replace(/"/g, '')}"`);
        await admin.end();
        await tryConnect(pgUrl);
        return { postgres: pgUrl };
      } catch (inner) {
        return { postgres: null, postgresWhy: `cannot create ${db}: ${inner.message}` };
      }
    }
    return { postgres: null, postgresWhy: `${new URL(pgUrl).host}: ${error.message}` };
  }
}

function probeTcp(hostPort) {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port), timeout: 2000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

async function probeKafka() {
  if (!(await probeTcp(brokers[0])))
    return { kafka: null, kafkaWhy: `no broker answers on ${brokers[0]} (start one with infra/kafka/start.sh)` };
  try {
    const { Kafka, logLevel } = require('kafkajs');
    const admin = new Kafka({ brokers, clientId: 'luotsi-probe', logLevel: logLevel.NOTHING, retry: { retries: 2 } }).admin();
    await admin.connect();
    await admin.listTopics();
    await admin.disconnect();
    return { kafka: brokers.join(',') };
  } catch (error) {
    return { kafka: null, kafkaWhy: `broker on ${brokers[0]} did not answer metadata: ${error.message}` };
  }
}

// Keycloak counts only when realm luotsi answers discovery: a bare Keycloak has no demo users.
async function probeKeycloak() {
  const discovery = `${keycloakUrl}/realms/luotsi/.well-known/openid-configuration`;
  try {
    const res = await fetch(discovery, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) return { keycloak: null, keycloakWhy: `${discovery} answered ${res.status} (start it with infra/keycloak/start.sh)` };
    const body = await res.json();
    if (body.issuer !== `${keycloakUrl}/realms/luotsi`) return { keycloak: null, keycloakWhy: `${discovery} names issuer ${body.issuer}` };
    return { keycloak: keycloakUrl };
  } catch (error) {
    return {
      keycloak: null,
      keycloakWhy: `no realm luotsi at ${keycloakUrl}: ${error.cause?.code ?? error.message} (start it with infra/keycloak/start.sh)`,
    };
  }
}

Promise.all([probePostgres(), probeKafka(), probeKeycloak()]).then(([pg, kafka, keycloak]) => {
  process.stdout.write(JSON.stringify({ ...pg, ...kafka, ...keycloak }) + '\n');
});

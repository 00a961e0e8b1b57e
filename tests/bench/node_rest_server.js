// node's http module answering Rasa's REST webhook with an echo bot (the same answer as rasa-mock
// --bot echo and tests/interop/rasa_reference_server.py): the node reference for the REST benchmark.
// Prints 'listening on http://127.0.0.1:PORT'.
'use strict';
const http = require('http');

const server = http.createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/webhooks/rest/webhook') {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"status":"failure","reason":"NotFound","code":404}');
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end('{"status":"failure","reason":"BadRequest","code":400}');
      return;
    }
    const sender = String(body.sender || 'default');
    const answer = JSON.stringify([{ recipient_id: sender, text: 'you said: ' + (body.message || '') }]);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(answer) });
    res.end(answer);
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));

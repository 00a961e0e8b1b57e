// A plain node socket.io 4.x server speaking the Rasa socketio subset (session_request/confirm,
// user_uttered -> bot_uttered, acks), for the Qt client's interop tests. Prints 'listening on URL'.
'use strict';
const crypto = require('crypto');
const { Server } = require('socket.io');
const io = new Server(0, { pingInterval: 25000, pingTimeout: 20000 });
io.on('connection', (socket) => {
  socket.on('session_request', (data) => {
    const id = (data && data.session_id) || crypto.randomBytes(16).toString('hex');
    socket.emit('session_confirm', id);
  });
  socket.on('user_uttered', (data, ack) => {
    const text = (data && data.message) || '';
    if (text === '/multi') {
      socket.emit('bot_uttered', { text: 'first' });
      socket.emit('bot_uttered', { text: 'second' });
    } else {
      socket.emit('bot_uttered', { text: 'node said: ' + text });
    }
    if (typeof ack === 'function') ack();
  });
});
const announce = () => console.log(`listening on http://127.0.0.1:${io.httpServer.address().port}`);
if (io.httpServer.listening) announce(); else io.httpServer.on('listening', announce);

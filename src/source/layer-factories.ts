/**
 * The layer factories of `tf.layers` (tfjs-layers 4.x `exports_layers`), and which of them take the
 * options the fixes and lint checks read. A call is recognised as a layer call only if its name is here,
 * so `tf.layers.someHelper()` or an unrelated `layers.push()` is never touched.
 */
export const LAYER_FACTORIES: ReadonlySet<string> = new Set([
  'inputLayer', 'elu', 'reLU', 'leakyReLU', 'prelu', 'softmax', 'thresholdedReLU',
  'conv1d', 'conv2d', 'conv2dTranspose', 'conv3d', 'conv3dTranspose', 'separableConv2d', 'cropping2D', 'upSampling2d', 'depthwiseConv2d',
  'activation', 'dense', 'dropout', 'spatialDropout1d', 'flatten', 'repeatVector', 'reshape', 'permute', 'embedding',
  'add', 'average', 'concatenate', 'maximum', 'minimum', 'multiply', 'dot',
  'batchNormalization', 'layerNormalization', 'zeroPadding2d',
  'averagePooling1d', 'avgPool1d', 'avgPooling1d', 'averagePooling2d', 'avgPool2d', 'avgPooling2d', 'averagePooling3d', 'avgPool3d', 'avgPooling3d',
  'globalAveragePooling1d', 'globalAveragePooling2d', 'globalMaxPooling1d', 'globalMaxPooling2d', 'maxPooling1d', 'maxPooling2d', 'maxPooling3d',
  'gru', 'gruCell', 'lstm', 'lstmCell', 'simpleRNN', 'simpleRNNCell', 'convLstm2d', 'convLstm2dCell', 'rnn', 'stackedRNNCells', 'bidirectional', 'timeDistributed',
  'gaussianNoise', 'gaussianDropout', 'alphaDropout', 'masking', 'rescaling', 'centerCrop', 'resizing', 'categoryEncoding', 'randomWidth',
]);

/** Layers with a weight matrix named `kernel`, configured by `kernelInitializer`, followed by `activation`. */
export const KERNEL_LAYER_FACTORIES: ReadonlySet<string> = new Set([
  'dense', 'conv1d', 'conv2d', 'conv3d', 'conv2dTranspose', 'conv3dTranspose',
]);

/** Layers that apply their `activation` once to their output (recurrent layers apply theirs at every time step). */
export const FEEDFORWARD_ACTIVATION_FACTORIES: ReadonlySet<string> = new Set([
  ...KERNEL_LAYER_FACTORIES, 'separableConv2d', 'depthwiseConv2d', 'activation',
]);

/** Layers whose options include `activation`. */
export const ACTIVATION_OPTION_FACTORIES: ReadonlySet<string> = new Set([
  ...FEEDFORWARD_ACTIVATION_FACTORIES, 'simpleRNN', 'lstm', 'gru', 'convLstm2d',
]);

